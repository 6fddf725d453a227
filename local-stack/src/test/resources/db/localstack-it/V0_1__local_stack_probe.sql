-- Probe for LocalStack's migration step; only on local-stack's own test classpath.
CREATE TABLE local_stack_probe (id INT PRIMARY KEY, note TEXT NOT NULL);
INSERT INTO local_stack_probe VALUES (1, 'migrated by LocalStack');
