-- One row that submissions lock (select ... for update) while they count the queue and insert: the queue limit
-- holds under concurrent submissions, on one instance or many.
create table trial_queue_lock (
	id integer primary key
);

insert into trial_queue_lock (id) values (1);
