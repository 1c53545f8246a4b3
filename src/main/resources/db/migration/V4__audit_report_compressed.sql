-- Reports are stored gzip-compressed (a ResNet-50 report: 85 kB of JSON, about 7 kB compressed), inline in the row:
-- the embedded H2 keeps large text values in separate LOB storage, which stalled inserts and made deletes crawl
-- under load. A report whose compressed form exceeds the inline limit stays in the text column.
alter table audit_report add column report_gz bytea;
alter table audit_report alter column report drop not null;
