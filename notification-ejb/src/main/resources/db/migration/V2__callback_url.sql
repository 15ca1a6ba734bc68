-- Status callbacks (issue 3): where to POST terminal statuses of this notification.
ALTER TABLE email_log ADD COLUMN callback_url VARCHAR(2048);
