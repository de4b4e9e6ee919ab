PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`name` text NOT NULL,
	`internal_number` text NOT NULL,
	`registration_name` text NOT NULL,
	`device_type` text DEFAULT 'SIP' NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`secret_encrypted` text NOT NULL,
	`ha1_md5` text NOT NULL,
	`ha1_sha256` text NOT NULL,
	`registration_ha1_md5` text NOT NULL,
	`registration_ha1_sha256` text NOT NULL,
	`caller_number` text,
	`caller_name` text,
	`allow_outbound` integer DEFAULT true NOT NULL,
	`ring_timeout_sec` integer DEFAULT 30 NOT NULL,
	`outbound_caller_number` text,
	`outbound_caller_name` text,
	`dnd` integer DEFAULT false NOT NULL,
	`record` integer DEFAULT false NOT NULL,
	`voicemail_enabled` integer DEFAULT false NOT NULL,
	`host_restriction` text,
	`trunk_id` integer,
	`pickup_scope` text DEFAULT 'accountGroup' NOT NULL,
	`forward_always` text,
	`forward_busy` text,
	`forward_no_answer` text,
	`forward_unreachable` text,
	`template_id` integer,
	`details` text DEFAULT '' NOT NULL,
	`ringback_moh_class_id` integer,
	`external_number` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`template_id`) REFERENCES `pbx_templates`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "extensions_device_type" CHECK(device_type IN ('SIP', 'IAX2', 'MGCP', 'DAHDI', 'external')),
	CONSTRAINT "extensions_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "extensions_pickup_scope" CHECK(pickup_scope IN ('accountGroup', 'team')),
	CONSTRAINT "extensions_number_digits" CHECK(internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'),
	CONSTRAINT "extensions_external_number_digits" CHECK(external_number IS NULL OR (external_number <> '' AND external_number NOT GLOB '*[^0-9]*'))
);
--> statement-breakpoint
INSERT INTO `__new_extensions`("id", "team_id", "account_id", "name", "internal_number", "registration_name", "device_type", "status", "secret_encrypted", "ha1_md5", "ha1_sha256", "registration_ha1_md5", "registration_ha1_sha256", "caller_number", "caller_name", "allow_outbound", "ring_timeout_sec", "outbound_caller_number", "outbound_caller_name", "dnd", "record", "voicemail_enabled", "host_restriction", "trunk_id", "pickup_scope", "forward_always", "forward_busy", "forward_no_answer", "forward_unreachable", "template_id", "details", "created_at", "updated_at") SELECT "id", "team_id", "account_id", "name", "internal_number", "registration_name", "device_type", "status", "secret_encrypted", "ha1_md5", "ha1_sha256", "registration_ha1_md5", "registration_ha1_sha256", "caller_number", "caller_name", "allow_outbound", "ring_timeout_sec", "outbound_caller_number", "outbound_caller_name", "dnd", "record", "voicemail_enabled", "host_restriction", "trunk_id", "pickup_scope", "forward_always", "forward_busy", "forward_no_answer", "forward_unreachable", "template_id", "details", "created_at", "updated_at" FROM `extensions`;--> statement-breakpoint
DROP TABLE `extensions`;--> statement-breakpoint
ALTER TABLE `__new_extensions` RENAME TO `extensions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_team_number_unique` ON `extensions` (`team_id`,`internal_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_registration_name_unique` ON `extensions` (`registration_name`);--> statement-breakpoint
CREATE INDEX `extensions_account_idx` ON `extensions` (`account_id`);--> statement-breakpoint
CREATE INDEX `extensions_template_idx` ON `extensions` (`template_id`);--> statement-breakpoint
CREATE INDEX `extensions_team_id_idx` ON `extensions` (`team_id`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_name_idx` ON `extensions` (`team_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_created_idx` ON `extensions` (`team_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_updated_idx` ON `extensions` (`team_id`,`updated_at`,`id`);