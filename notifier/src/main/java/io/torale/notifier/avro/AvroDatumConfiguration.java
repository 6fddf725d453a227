package io.torale.notifier.avro;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notifier's Avro serializer (delivery records) and deserializer ({@code ConditionMet}) use
 * {@link SchemaInstanceDatumProvider}; everything else about the serde is platform's.
 */
@Configuration(proxyBeanMethods = false)
class AvroDatumConfiguration {

  private static final Map<String, Object> PROVIDER =
      Map.of(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaInstanceDatumProvider.class);

  @Bean
  DefaultKafkaProducerFactoryCustomizer schemaInstanceDatumWriters() {
    return factory -> factory.updateConfigs(PROVIDER);
  }

  @Bean
  DefaultKafkaConsumerFactoryCustomizer schemaInstanceDatumReaders() {
    return factory -> factory.updateConfigs(PROVIDER);
  }
}
