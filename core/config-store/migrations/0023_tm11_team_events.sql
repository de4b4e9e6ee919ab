ALTER TABLE `teams` ADD `event_url` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `verification_string_encrypted` text;