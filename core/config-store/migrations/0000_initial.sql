CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`username` text NOT NULL,
	`account_type` text NOT NULL,
	`password_hash` text NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`role_name` text,
	`email` text,
	`first_name` text,
	`last_name` text,
	`forced_recording` integer DEFAULT false NOT NULL,
	`payment_mode` text DEFAULT 'unlimited' NOT NULL,
	`credit_limit_e4` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "accounts_account_type" CHECK(account_type IN ('systemAdmin', 'teamAdmin', 'user')),
	CONSTRAINT "accounts_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "accounts_payment_mode" CHECK(payment_mode IN ('unlimited', 'postpaid', 'prepaid')),
	CONSTRAINT "accounts_team_by_type" CHECK((account_type = 'systemAdmin') = (team_id IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_team_username_unique` ON `accounts` (`team_id`,`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_system_username_unique` ON `accounts` (`username`) WHERE team_id IS NULL;--> statement-breakpoint
CREATE TABLE `dids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`number` text NOT NULL,
	`destination_type` text NOT NULL,
	`destination_id` integer,
	`destination_number` text,
	`status` text DEFAULT 'enabled' NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "dids_destination_type" CHECK(destination_type IN ('extension')),
	CONSTRAINT "dids_status" CHECK(status IN ('enabled', 'disabled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dids_number_unique` ON `dids` (`number`);--> statement-breakpoint
CREATE INDEX `dids_destination_idx` ON `dids` (`destination_type`,`destination_id`);--> statement-breakpoint
CREATE TABLE `extensions` (
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "extensions_device_type" CHECK(device_type IN ('SIP', 'IAX2', 'MGCP', 'DAHDI', 'external')),
	CONSTRAINT "extensions_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "extensions_pickup_scope" CHECK(pickup_scope IN ('accountGroup', 'team')),
	CONSTRAINT "extensions_number_digits" CHECK(internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_team_number_unique` ON `extensions` (`team_id`,`internal_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_registration_name_unique` ON `extensions` (`registration_name`);--> statement-breakpoint
CREATE INDEX `extensions_account_idx` ON `extensions` (`account_id`);--> statement-breakpoint
CREATE TABLE `internal_numbers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`owner_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "internal_numbers_kind" CHECK(kind IN ('extension', 'queue', 'ringGroup', 'ivr', 'conferenceRoom', 'shortcutKey', 'hotKey', 'featureCode', 'application')),
	CONSTRAINT "internal_numbers_charset" CHECK(number <> '' AND number NOT GLOB '*[^0-9*#]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `internal_numbers_team_number_unique` ON `internal_numbers` (`team_id`,`number`);--> statement-breakpoint
CREATE INDEX `internal_numbers_owner_idx` ON `internal_numbers` (`kind`,`owner_id`);--> statement-breakpoint
CREATE TABLE `outbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`number_prefix` text DEFAULT '' NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`strip_digits` integer DEFAULT 0 NOT NULL,
	`prepend` text DEFAULT '' NOT NULL,
	`trunk_id` integer NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "outbound_routes_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "outbound_routes_non_negative" CHECK(strip_digits >= 0 AND number_length >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_routes_team_name_unique` ON `outbound_routes` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `outbound_routes_trunk_idx` ON `outbound_routes` (`trunk_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `teams` (
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "teams_uid_charset" CHECK(uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'),
	CONSTRAINT "teams_payment_mode" CHECK(payment_mode IN ('unlimited', 'postpaid', 'prepaid'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_uid_unique` ON `teams` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `teams_sip_domain_unique` ON `teams` (`sip_domain`);--> statement-breakpoint
CREATE TABLE `trunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`host` text NOT NULL,
	`port` integer DEFAULT 5060 NOT NULL,
	`transport` text DEFAULT 'udp' NOT NULL,
	`username` text,
	`secret_encrypted` text,
	`register` integer DEFAULT false NOT NULL,
	`codecs` text NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`timeout_sec` integer DEFAULT 45 NOT NULL,
	`outbound_caller_number` text,
	`outbound_caller_name` text,
	`force_outbound_cli` integer DEFAULT false NOT NULL,
	`max_channels` integer,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "trunks_type" CHECK(type IN ('registration', 'ipPeer')),
	CONSTRAINT "trunks_transport" CHECK(transport IN ('udp', 'tcp', 'tls')),
	CONSTRAINT "trunks_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "trunks_port_range" CHECK(port BETWEEN 1 AND 65535)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunks_team_name_unique` ON `trunks` (`team_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `trunks_system_name_unique` ON `trunks` (`name`) WHERE team_id IS NULL;