-- Audit reports: the JSON report plus the columns the history lists and sorts by.
create table audit_report (
	id varchar(36) primary key,
	created_at timestamp with time zone not null,
	model_name varchar(200) not null,
	framework varchar(20) not null,
	verdict varchar(8) not null,
	errors integer not null,
	warnings integer not null,
	infos integer not null,
	report text not null
);

create index audit_report_created_at on audit_report (created_at desc, id desc);
