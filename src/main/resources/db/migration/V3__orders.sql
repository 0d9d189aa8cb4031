create table order_request (
    id                        varchar(40)    primary key,
    state                     varchar(20)    not null,
    quote_code                varchar(40),
    cart_id                   varchar(100)   not null,
    customer_id               varchar(100)   not null,
    b2b_unit_id               varchar(100)   not null,
    country                   varchar(2)     not null,
    currency                  varchar(3)     not null,
    commerce_order_code       varchar(100),
    buyer_email               varchar(320),
    buyer_name                varchar(200),
    buyer_locale              varchar(20),
    validation_state          varchar(40),
    kyc_required              boolean,
    approval_required         boolean,
    decision_reason           varchar(2000),
    idempotency_key           varchar(200)   not null,
    request_hash              varchar(64)    not null,
    created_at                timestamp with time zone not null,
    updated_at                timestamp with time zone not null,
    row_version               bigint         not null default 0,
    constraint uq_order_request_idempotency_key unique (idempotency_key)
);

create index ix_order_request_state on order_request (state);
create index ix_order_request_quote on order_request (quote_code);
create index ix_order_request_commerce_code on order_request (commerce_order_code);

create table order_request_line (
    order_request_id varchar(40)    not null references order_request (id),
    line_no          integer        not null,
    sku              varchar(100)   not null,
    quantity         integer        not null,
    unit_price       numeric(19, 2) not null,
    primary key (order_request_id, line_no)
);
