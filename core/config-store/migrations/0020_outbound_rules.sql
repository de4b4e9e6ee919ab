CREATE TABLE `account_group_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`outbound_route_id` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `account_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbound_route_id`) REFERENCES `outbound_routes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_group_routes_group_route_unique` ON `account_group_routes` (`group_id`,`outbound_route_id`);--> statement-breakpoint
CREATE INDEX `account_group_routes_route_idx` ON `account_group_routes` (`outbound_route_id`);--> statement-breakpoint
CREATE TABLE `trunk_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trunk_id` integer NOT NULL,
	`number_prefix` text DEFAULT 'default' NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`action` text DEFAULT 'allow' NOT NULL,
	`strip_prefix` text DEFAULT '' NOT NULL,
	`add_prefix` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "trunk_rules_action" CHECK(action IN ('allow', 'deny'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunk_rules_trunk_match_unique` ON `trunk_rules` (`trunk_id`,`number_prefix`,`number_length`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`number_prefix` text DEFAULT '' NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`strip_digits` integer DEFAULT 0 NOT NULL,
	`prepend` text DEFAULT '' NOT NULL,
	`trunk_id` integer,
	`action` text DEFAULT 'dialOut' NOT NULL,
	`action_target_id` integer,
	`status` text DEFAULT 'enabled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "outbound_routes_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "outbound_routes_action" CHECK(action IN ('dialOut', 'ringGroup', 'queue', 'end')),
	CONSTRAINT "outbound_routes_action_target" CHECK((action IN ('ringGroup', 'queue')) = (action_target_id IS NOT NULL)),
	CONSTRAINT "outbound_routes_non_negative" CHECK(strip_digits >= 0 AND number_length >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_outbound_routes`("id", "team_id", "name", "priority", "number_prefix", "number_length", "strip_digits", "prepend", "trunk_id", "status", "created_at", "updated_at") SELECT "id", "team_id", "name", "priority", "number_prefix", "number_length", "strip_digits", "prepend", "trunk_id", "status", "created_at", "updated_at" FROM `outbound_routes`;--> statement-breakpoint
DROP TABLE `outbound_routes`;--> statement-breakpoint
ALTER TABLE `__new_outbound_routes` RENAME TO `outbound_routes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_routes_team_name_unique` ON `outbound_routes` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `outbound_routes_trunk_idx` ON `outbound_routes` (`trunk_id`);--> statement-breakpoint
CREATE INDEX `outbound_routes_action_idx` ON `outbound_routes` (`action`,`action_target_id`);--> statement-breakpoint
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "teams_outbound_target_type" CHECK(outbound_target_type IN ('none', 'trunk', 'trunkGroup')),
	CONSTRAINT "teams_outbound_target" CHECK((outbound_target_type = 'none') = (outbound_target_id IS NULL)),
	CONSTRAINT "teams_uid_charset" CHECK(uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'),
	CONSTRAINT "teams_payment_mode" CHECK(payment_mode IN ('unlimited', 'postpaid', 'prepaid'))
);
--> statement-breakpoint
INSERT INTO `__new_teams`("id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "display_name", "description", "created_at", "updated_at") SELECT "id", "uid", "name", "sip_domain", "max_accounts", "max_agents", "max_extensions", "max_queues", "max_conference_rooms", "internal_calls_allowed", "inter_team_prefix", "forced_recording", "payment_mode", "credit_limit_e4", "display_name", "description", "created_at", "updated_at" FROM `teams`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
ALTER TABLE `__new_teams` RENAME TO `teams`;--> statement-breakpoint
CREATE UNIQUE INDEX `teams_uid_unique` ON `teams` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `teams_sip_domain_unique` ON `teams` (`sip_domain`);