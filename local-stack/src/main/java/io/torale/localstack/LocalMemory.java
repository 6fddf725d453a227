package io.torale.localstack;

import java.util.Map;

/**
 * What the local system's child processes get in their environment to stay small beside each other
 * on one machine.
 */
final class LocalMemory {

  private LocalMemory() {}

  /**
   * {@code MALLOC_ARENA_MAX=2}: glibc gives a process up to eight malloc arenas per core, each
   * growing on its own, so a JVM with dozens of threads keeps several partly used arenas resident;
   * two are plenty for JVMs whose large data lives in the Java heap. Only the C heap is affected
   * (the JVM's own structures, compiler, Netty's direct buffers); nothing the services do.
   */
  static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
}
