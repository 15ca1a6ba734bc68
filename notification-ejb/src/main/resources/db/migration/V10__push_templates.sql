-- Issue 10: push templates. A push template has a title and a body (both required), optional
-- data (a JSON object of string values, each itself a template) and an optional image URL
-- template; an email template keeps subject, body_html and body_text. The parts of the other
-- channel stay NULL.
ALTER TABLE template ADD COLUMN title TEXT;
ALTER TABLE template ADD COLUMN body TEXT;
ALTER TABLE template ADD COLUMN data JSONB;
ALTER TABLE template ADD COLUMN image TEXT;
ALTER TABLE template ADD CONSTRAINT template_channel_check CHECK (channel IN ('email', 'push'));
ALTER TABLE template ADD CONSTRAINT template_push_parts_check
    CHECK (channel <> 'push' OR (title IS NOT NULL AND body IS NOT NULL AND subject IS NULL
                                 AND body_html IS NULL AND body_text IS NULL));
ALTER TABLE template ADD CONSTRAINT template_email_parts_check
    CHECK (channel <> 'email' OR (title IS NULL AND body IS NULL AND data IS NULL AND image IS NULL));
ALTER TABLE template ADD CONSTRAINT template_data_object_check
    CHECK (data IS NULL OR jsonb_typeof(data) = 'object');
