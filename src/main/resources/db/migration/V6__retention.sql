-- KYC data erased after the retention or on request (validation/KycErasure): when, by whom and why; the decision and
-- who took it stay
alter table customer_validation add column kyc_erased_at timestamp with time zone;
alter table customer_validation add column kyc_erased_by varchar(100);
alter table customer_validation add column kyc_erasure_reason varchar(500);

-- the node that ages out finished work (retention/Retention) holds this row for the length of its pass: several nodes,
-- one cleaner
create table retention_run (
    name            varchar(40)    primary key,
    holder          varchar(100),
    held_until      timestamp with time zone,
    last_pass_at    timestamp with time zone,
    last_result     varchar(2000)
);

insert into retention_run (name) values ('retention');
