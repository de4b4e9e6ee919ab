ALTER TABLE `trunks` ADD `record_gain_internal` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trunks` ADD `record_gain_external` integer DEFAULT 0 NOT NULL;