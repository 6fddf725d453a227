"""Drive Torale from Python with a plain Confluent-protocol client.

Nothing Torale-specific is needed: `confluent-kafka` with its Avro serde, pointed at the schema
registry's Confluent-compatible API. The schema of a command is the one other systems already
know (the released `.avsc`); the registry gives the id.

    python torale_interop.py create  --bootstrap localhost:9092 --registry http://localhost:8081 \
        --task-id ID --url http://localhost:8090/ --pattern "Status: green" --webhook http://localhost:9000/
    python torale_interop.py consume --topic torale.condition-met.v1 --key ID --timeout 60

`consume` prints each matching record as one JSON line and exits 0 after the first, 1 on timeout.
"""

import argparse
import json
import pathlib
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

REPO = pathlib.Path(__file__).resolve().parents[2]
COMMANDS_TOPIC = "torale.task-commands.v1"
TASK_COMMAND_SCHEMA = REPO / "schemas/src/test/resources/released" / COMMANDS_TOPIC / "1.avsc"


def registry(url):
    # The Confluent-compatible API of Apicurio Registry.
    return SchemaRegistryClient({"url": url.rstrip("/") + "/apis/ccompat/v7"})


def create(args):
    command = {
        "commandId": str(uuid.uuid4()),
        "taskId": args.task_id,
        "issuedAt": int(time.time() * 1000),
        "issuedBy": "python-interop",
        "command": (
            "io.torale.schemas.v1.CreateTask",
            {
                "name": args.name,
                "searchQuery": None,
                "condition": "the page says " + args.pattern,
                "schedule": {"cron": args.cron, "timeZone": "UTC"},
                "notifyBehavior": "ALWAYS",
                "notifications": {
                    "emails": args.email or [],
                    "webhooks": [{"url": w, "secret": args.secret} for w in (args.webhook or [])],
                },
                "owner": "python",
                "context": {"origin": "python"},
                "source": {
                    "type": "WEB_PAGE",
                    "url": args.url,
                    "cssSelector": None,
                    "match": {"type": "CONTAINS", "pattern": args.pattern},
                },
            },
        ),
    }
    serializer = AvroSerializer(
        registry(args.registry),
        TASK_COMMAND_SCHEMA.read_text(),
        conf={"auto.register.schemas": True, "normalize.schemas": False},
    )
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True})
    value = serializer(command, SerializationContext(COMMANDS_TOPIC, MessageField.VALUE))
    producer.produce(COMMANDS_TOPIC, key=args.task_id.encode(), value=value)
    if producer.flush(15) != 0:
        sys.exit("could not deliver the command to " + args.bootstrap)
    print(json.dumps({"published": command["commandId"], "taskId": args.task_id}))


def consume(args):
    deserializer = AvroDeserializer(registry(args.registry))
    consumer = Consumer(
        {
            "bootstrap.servers": args.bootstrap,
            "group.id": "python-interop-" + str(uuid.uuid4()),
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            # Results are written in Kafka transactions: read only committed ones.
            "isolation.level": "read_committed",
        }
    )
    consumer.subscribe([args.topic])
    deadline = time.time() + args.timeout
    try:
        while time.time() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            if args.key and (message.key() or b"").decode() != args.key:
                continue
            value = deserializer(
                message.value(), SerializationContext(message.topic(), MessageField.VALUE)
            )
            print(json.dumps(value, default=str))
            return 0
    finally:
        consumer.close()
    print("no record on " + args.topic + " within " + str(args.timeout) + " s", file=sys.stderr)
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--registry", default="http://localhost:8081")
    sub = parser.add_subparsers(dest="action", required=True)
    c = sub.add_parser("create", help="publish a CreateTask for a WEB_PAGE task")
    c.add_argument("--task-id", default=str(uuid.uuid4()))
    c.add_argument("--name", default="Python-created task")
    c.add_argument("--url", required=True)
    c.add_argument("--pattern", required=True)
    c.add_argument("--cron", default="0 * * * *")
    c.add_argument("--webhook", action="append")
    # Torale refuses a plaintext whsec_ secret: pass one already sealed to its public key
    # (tsealed_..., e.g. from `./torale webhooks seal`), or none and verify the v1a signature.
    c.add_argument("--secret", help="a sealed webhook secret (tsealed_...), never a plaintext whsec_")
    c.add_argument("--email", action="append")
    k = sub.add_parser("consume", help="print the first record (of a task) on a topic")
    k.add_argument("--topic", required=True)
    k.add_argument("--key")
    k.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    if args.action == "create":
        create(args)
        return 0
    return consume(args)


if __name__ == "__main__":
    sys.exit(main())
