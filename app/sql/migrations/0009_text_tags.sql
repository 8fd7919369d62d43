-- Tags per language: a resource's texts in a language may carry their own
-- tags (the words a learner of that language searches for), beside the
-- resource's language-neutral tags of resource_tags. The catalogue shows
-- and filters by both: the neutral ones and those of the text it shows.
ALTER TABLE resource_texts
	ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
	CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL);

CREATE INDEX resource_texts_tags ON resource_texts USING gin (tags);
