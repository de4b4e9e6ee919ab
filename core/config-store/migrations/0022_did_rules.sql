CREATE TABLE `did_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`did_id` integer,
	`did_number` text NOT NULL,
	`account_id` integer,
	`username` text,
	`extension_id` integer,
	`extension_number` text,
	`status` text NOT NULL,
	`operator` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "did_logs_status" CHECK(status IN ('bound', 'released'))
);
--> statement-breakpoint
CREATE INDEX `did_logs_team_created_idx` ON `did_logs` (`team_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `did_logs_team_number_idx` ON `did_logs` (`team_id`,`did_number`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_dids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`number` text NOT NULL,
	`destination_type` text NOT NULL,
	`destination_id` integer,
	`destination_number` text,
	`status` text DEFAULT 'enabled' NOT NULL,
	`remark` text,
	`language` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "dids_destination_type" CHECK(destination_type IN ('extension')),
	CONSTRAINT "dids_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "dids_language" CHECK(language IN ('en', 'cn', 'jp', 'kr', 'ru', 'fr', 'de', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_dids`("id", "team_id", "number", "destination_type", "destination_id", "destination_number", "status", "remark", "created_at", "updated_at") SELECT "id", "team_id", "number", "destination_type", "destination_id", "destination_number", "status", "remark", "created_at", "updated_at" FROM `dids`;--> statement-breakpoint
DROP TABLE `dids`;--> statement-breakpoint
ALTER TABLE `__new_dids` RENAME TO `dids`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `dids_number_unique` ON `dids` (`number`);--> statement-breakpoint
CREATE INDEX `dids_destination_idx` ON `dids` (`destination_type`,`destination_id`);--> statement-breakpoint
CREATE TABLE `__new_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`name` text NOT NULL,
	`sip_domain` text,
	`max_accounts` integer DEFAULT 5 NOT NULL,
	`max_agents` integer DEFAULT 5 NOT NULL,
	`max_extensions` integer DEFAULT 5 NOT NULL,
	`max_queues` integer DEFAULT 5 NOT NULL,
	`max_conference_rooms` integer DEFAULT 5 NOT NULL,
	`internal_calls_allowed` integer DEFAULT true NOT NULL,
	`inter_team_prefix` text,
	`forced_recording` integer DEFAULT false NOT NULL,
	`payment_mode` text DEFAULT 'unlimited' NOT NULL,
	`credit_limit_e4` integer DEFAULT 0 NOT NULL,
	`display_name` text,
	`description` text,
	`outbound_target_type` text DEFAULT 'none' NOT NULL,
	`outbound_target_id` integer,
	`default_traffic_type` text,
	`default_traffic_target_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "teams_outbound_target_type" CHECK(outbound_target_type IN ('none', 'trunk', 'trunkGroup')),
	CONSTRAINT "teams_outbound_target" CHECK((outbound_target_type = 'none') = (outbound_target_id IS NULL)),
	CONSTRAINT "teams_uid_charset" CHECK(uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'),
	CONSTRAINT "teams_payment_mode" CHECK(payment_mode IN ('unlimited', 'postpaid', 'prepaid')),
	CONSTRAINT "teams_default_traffic_type" CHECK(default_traffic_type IN ('end', 'extension', 'ringGroup', 'queue', 'ivr', 'conference', 'voicemail', 'application', 'account')),
	CONSTRAINT "teams_default_traffic_target" CHECK((default_traffic_type IS NULL OR default_traffic_type = 'end') = (default_traffic_target_id IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_teams`("id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "display_name", "description", "outbound_target_type", "outbound_target_id", "created_at", "updated_at") SELECT "id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "display_name", "description", "outbound_target_type", "outbound_target_id", "created_at", "updated_at" FROM `teams`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
ALTER TABLE `__new_teams` RENAME TO `teams`;--> statement-breakpoint
CREATE UNIQUE INDEX `teams_uid_unique` ON `teams` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `teams_sip_domain_unique` ON `teams` (`sip_domain`);--> statement-breakpoint
CREATE TABLE `__new_inbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`did_id` integer,
	`did_group_id` integer,
	`caller_pattern` text,
	`trunk_id` integer,
	`work_hours_id` integer,
	`destination_type` text NOT NULL,
	`destination_id` integer,
	`priority` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`did_id`) REFERENCES `dids`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`did_group_id`) REFERENCES `did_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`work_hours_id`) REFERENCES `work_hours`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "inbound_routes_one_did_condition" CHECK(did_id IS NULL OR did_group_id IS NULL),
	CONSTRAINT "inbound_routes_destination_type" CHECK(destination_type IN ('end', 'extension', 'ringGroup', 'queue', 'ivr', 'conference', 'voicemail', 'application', 'account')),
	CONSTRAINT "inbound_routes_status" CHECK(status IN ('enabled', 'disabled'))
);
--> statement-breakpoint
INSERT INTO `__new_inbound_routes`("id", "team_id", "name", "did_id", "caller_pattern", "trunk_id", "work_hours_id", "destination_type", "destination_id", "priority", "status", "created_at", "updated_at") SELECT "id", "team_id", "name", "did_id", "caller_pattern", "trunk_id", "work_hours_id", "destination_type", "destination_id", "priority", "status", "created_at", "updated_at" FROM `inbound_routes`;--> statement-breakpoint
DROP TABLE `inbound_routes`;--> statement-breakpoint
ALTER TABLE `__new_inbound_routes` RENAME TO `inbound_routes`;--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_routes_team_name_unique` ON `inbound_routes` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `inbound_routes_did_idx` ON `inbound_routes` (`did_id`);--> statement-breakpoint
CREATE INDEX `inbound_routes_did_group_idx` ON `inbound_routes` (`did_group_id`);--> statement-breakpoint
CREATE INDEX `inbound_routes_destination_idx` ON `inbound_routes` (`destination_type`,`destination_id`);