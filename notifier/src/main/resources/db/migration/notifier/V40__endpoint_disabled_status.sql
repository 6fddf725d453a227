-- Notifier: a delivery not attempted because its webhook endpoint is disabled ends as
-- ENDPOINT_DISABLED (its record on torale.notification-deliveries.v1 says so too), not as FAILED
-- with an error text.
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERED', 'FAILED', 'SUPPRESSED', 'REFUSED',
                      'ENDPOINT_DISABLED'));
