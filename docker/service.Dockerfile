# syntax=docker/dockerfile:1
# The image of one Torale service; the three differ only in their module and port.
# Build context: the repository root (a service needs schemas and platform), e.g.
#   docker build -f docker/service.Dockerfile --build-arg MODULE=worker --build-arg PORT=8082 -t torale-worker .
# docker-compose.yml at the top level builds the three this way.

FROM eclipse-temurin:25-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# The Maven cache mount keeps rebuilds from downloading the dependencies again (BuildKit).
# Tests are not compiled or run here: CI runs them (./torale test).
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" \
    && ./mvnw -B -q -pl "${MODULE}" -am package -Dmaven.test.skip=true \
    && cp "${MODULE}/target/torale-${MODULE}.jar" /service.jar

FROM eclipse-temurin:25-jre
ARG PORT=8080
# curl for the container health check (the readiness probe).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app torale
WORKDIR /app
COPY --from=build /service.jar /app/app.jar
USER torale
EXPOSE ${PORT}
# JVM flags for a long-running service in a container (README, "JVM settings"):
# - full tiered JIT (C1 then C2; no -XX:TieredStopAtLevel): the service runs for days, C2 code
#   costs less CPU per check than C1-only code;
# - heap from the container's limit (MaxRAMPercentage), leaving a quarter for metaspace, code
#   cache, thread stacks, direct buffers (Kafka, gRPC/Netty) and the JIT;
# - no GC flag: the JVM's ergonomics pick G1 with 2 CPUs and 1792 MB or more, Serial below, and
#   both are the right choice at those sizes;
# - compact object headers (JDK 25, JEP 519): smaller heap for the same objects;
# - exit on OutOfMemoryError: the orchestrator restarts a clean JVM; work in flight is redone from
#   Kafka, PostgreSQL and Temporal (nothing is held only in memory).
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.torale.schemas"
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
    CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
