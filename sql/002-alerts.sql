-- mlk schema, version 2: alerts.  One row per alert: inserted when it
-- opens, updated by reminders, closed by its resolution.
CREATE TABLE alerts (
	id		INTEGER PRIMARY KEY,
	series		INTEGER NOT NULL REFERENCES series(id),
	boot		INTEGER NOT NULL REFERENCES boots(id),
	state		TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
	opened_at	INTEGER NOT NULL,
	resolved_at	INTEGER,
	updated_at	INTEGER NOT NULL,	-- the last notice sent
	since		INTEGER NOT NULL,	-- where the growth evidence starts
	slope		REAL NOT NULL,		-- bytes per hour, at the last notice
	confidence	REAL NOT NULL,
	bytes		INTEGER NOT NULL,	-- the series, at the last notice
	fit_window	INTEGER NOT NULL,	-- seconds: the fit that decided
	eta		INTEGER,		-- seconds until MemAvailable runs out
	reclaimable	INTEGER NOT NULL,
	reason		TEXT			-- why it resolved
);
CREATE INDEX alerts_by_series ON alerts(series, state);
