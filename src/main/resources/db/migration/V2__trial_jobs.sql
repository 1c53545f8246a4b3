-- Training trials: a queue of jobs taken by workers with a lease; results are stored as they are produced.
create table trial_job (
	id varchar(36) primary key,
	idempotency_key varchar(200) unique,
	status varchar(12) not null,
	spec text not null,
	model_name varchar(200) not null,
	created_at timestamp with time zone not null,
	started_at timestamp with time zone,
	finished_at timestamp with time zone,
	step integer not null default 0,
	total_steps integer not null,
	device varchar(200),
	result text,
	error varchar(2000),
	lease_owner varchar(100),
	lease_until timestamp with time zone,
	attempts integer not null default 0,
	cancel_requested boolean not null default false
);

create index trial_job_queue on trial_job (status, created_at, id);
