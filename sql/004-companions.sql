-- mlk schema, version 4: one leak, one page.  The series that began to
-- grow with an alert's series, comma-separated: they joined its alert
-- instead of opening their own.
ALTER TABLE alerts ADD COLUMN companions TEXT NOT NULL DEFAULT '';
