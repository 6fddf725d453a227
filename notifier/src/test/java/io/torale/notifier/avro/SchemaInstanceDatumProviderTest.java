package io.torale.notifier.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.v1.Channel;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaInstanceDatumProviderTest {

  private final NotificationDelivery record =
      NotificationDelivery.newBuilder()
          .setDeliveryId("d-1")
          .setEventId("e-1")
          .setTaskId("t-1")
          .setChannel(Channel.WEBHOOK)
          .setTarget("https://example.com/…")
          .setAttempt(2)
          .setStatus(DeliveryStatus.RETRY_SCHEDULED)
          .setHttpStatus(503)
          .setError("HTTP 503")
          .setAttemptedAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setNextAttemptAt(Instant.parse("2026-01-01T00:00:05Z"))
          .build();

  @Test
  void aRecordWrittenAndReadBackIsTheSame() throws Exception {
    SchemaInstanceDatumProvider<Object> provider = new SchemaInstanceDatumProvider<>();
    provider.setUseSpecificAvroReader(true);
    Schema schema = record.getSchema();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    provider.createDatumWriter(record, schema).write(record, encoder);
    encoder.flush();
    Object read =
        provider
            .createDatumReader(schema)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(read).isEqualTo(record);
  }

  @Test
  void theSameSchemaInstanceGetsTheSameReaderAndWriter() {
    SchemaInstanceDatumProvider<Object> provider = new SchemaInstanceDatumProvider<>();
    Schema schema = record.getSchema();

    assertThat(provider.createDatumWriter(record, schema))
        .isSameAs(provider.createDatumWriter(record, schema));
    assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
  }

  @Test
  void anEqualSchemaThatIsAnotherInstanceIsServedToo() throws Exception {
    SchemaInstanceDatumProvider<Object> provider = new SchemaInstanceDatumProvider<>();
    Schema copy = new Schema.Parser().parse(record.getSchema().toString());

    assertThat(copy).isNotSameAs(record.getSchema());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    provider.createDatumWriter(record, copy).write(record, encoder);
    encoder.flush();
    assertThat(bytes.size()).isPositive();
  }
}
