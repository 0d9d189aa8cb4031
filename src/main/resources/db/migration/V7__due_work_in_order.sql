-- a look for due work (work/WorkQueue) takes the first items by (next_attempt_at, id): with id in the index, it reads
-- them in that order and stops at its batch, instead of reading and sorting every waiting item; for the sales events,
-- which go in order per key, it then checks each candidate's earlier events by key rather than joining all of them
drop index ix_notification_outbox_due;
create index ix_notification_outbox_due on notification_outbox (status, next_attempt_at, id);
drop index ix_reltio_callback_due;
create index ix_reltio_callback_due on reltio_callback (status, next_attempt_at, id);
drop index ix_sales_event_due;
create index ix_sales_event_due on sales_event (status, next_attempt_at, id);
