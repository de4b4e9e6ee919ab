ALTER TABLE `trunks` ADD `sip_headers` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `trunks` ADD `consecutive_fail_disable` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trunks` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ivr_flows` ADD `hangup_action` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `ivr_flows` ADD `hangup_url` text;