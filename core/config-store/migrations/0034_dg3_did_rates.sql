ALTER TABLE `dids` ADD `rate_type` text DEFAULT 'individual' NOT NULL;--> statement-breakpoint
ALTER TABLE `dids` ADD `rate_e4` integer DEFAULT 0 NOT NULL;