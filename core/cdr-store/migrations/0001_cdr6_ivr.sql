ALTER TABLE `cdrs` ADD `ivr_input` text;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `ivr_duration_ms` integer;