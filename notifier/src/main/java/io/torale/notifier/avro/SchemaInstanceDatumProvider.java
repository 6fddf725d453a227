package io.torale.notifier.avro;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's datum provider, with its readers and writers found by the schema instance first.
 *
 * <p>Why: Apicurio's {@link DefaultAvroDatumProvider} already caches readers and writers, but keys
 * them by the schema's parsing fingerprint, which it computes for every record (the schema's whole
 * canonical form built as a string, then hashed): a profile of the notifier put that at about 3 %
 * of its CPU, for records whose schema is always one of a few instances (a generated class's {@code
 * SCHEMA$}, the registry's cached parsed schema). This looks the instance up first and asks
 * Apicurio only on a miss. The readers and writers are Apicurio's own, shared across threads as
 * Apicurio shares them.
 */
public class SchemaInstanceDatumProvider<T> extends DefaultAvroDatumProvider<T> {

  /**
   * Past this many schema instances new ones are not kept (Apicurio's own cache still serves them),
   * so a source of fresh instances cannot grow the map.
   */
  private static final int MAX_SCHEMAS = 64;

  /** A schema by identity: equal schemas that are different instances are different keys. */
  private record Instance(Schema schema, boolean specific) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Instance other && other.schema == schema && other.specific == specific;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema) * 31 + (specific ? 1 : 0);
    }
  }

  private final ConcurrentMap<Instance, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Instance, DatumReader<T>> readers = new ConcurrentHashMap<>();

  @Override
  public DatumWriter<T> createDatumWriter(T data, Schema schema) {
    Instance key = new Instance(schema, data instanceof SpecificRecord);
    DatumWriter<T> writer = writers.get(key);
    if (writer == null) {
      writer = super.createDatumWriter(data, schema);
      if (writers.size() < MAX_SCHEMAS) {
        writers.putIfAbsent(key, writer);
      }
    }
    return writer;
  }

  @Override
  public DatumReader<T> createDatumReader(Schema schema) {
    Instance key = new Instance(schema, false);
    DatumReader<T> reader = readers.get(key);
    if (reader == null) {
      reader = super.createDatumReader(schema);
      if (readers.size() < MAX_SCHEMAS) {
        readers.putIfAbsent(key, reader);
      }
    }
    return reader;
  }
}
