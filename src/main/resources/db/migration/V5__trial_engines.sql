-- Remote trial workers: which engine a trial asked for (auto, nd4j, torch) and which device (auto, cpu, gpu), so a
-- worker leases only what it can serve; and the workers seen, so a GPU trial is accepted only where one can serve it.
alter table trial_job add column engine varchar(8) default 'auto' not null;
alter table trial_job add column device_request varchar(8) default 'auto' not null;

create table trial_worker (
	name varchar(100) primary key,
	engine varchar(8) not null,
	gpu boolean not null,
	device varchar(200) not null,
	last_seen timestamp with time zone not null
);
