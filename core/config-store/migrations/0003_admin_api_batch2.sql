CREATE TABLE `account_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`is_group_admin` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `account_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_group_members_account_unique` ON `account_group_members` (`account_id`);--> statement-breakpoint
CREATE INDEX `account_group_members_group_idx` ON `account_group_members` (`group_id`);--> statement-breakpoint
CREATE TABLE `account_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`trunk_id` integer,
	`trunk_group_id` integer,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`trunk_group_id`) REFERENCES `trunk_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "account_groups_one_target" CHECK(trunk_id IS NULL OR trunk_group_id IS NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_groups_team_name_unique` ON `account_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `account_groups_trunk_idx` ON `account_groups` (`trunk_id`);--> statement-breakpoint
CREATE INDEX `account_groups_trunk_group_idx` ON `account_groups` (`trunk_group_id`);--> statement-breakpoint
CREATE TABLE `agent_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`priority` integer DEFAULT 20 NOT NULL,
	`is_group_admin` integer DEFAULT false NOT NULL,
	`membership_type` text DEFAULT 'static' NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `agent_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agent_group_members_membership_type" CHECK(membership_type IN ('static', 'dynamic'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_group_members_group_agent_unique` ON `agent_group_members` (`group_id`,`agent_id`);--> statement-breakpoint
CREATE INDEX `agent_group_members_agent_idx` ON `agent_group_members` (`agent_id`);--> statement-breakpoint
CREATE TABLE `agent_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`queue_id` integer,
	`work_mode` text DEFAULT 'selfSelect' NOT NULL,
	`outbound_attribute` text DEFAULT 'unrestricted' NOT NULL,
	`allow_external_transfer` integer DEFAULT true NOT NULL,
	`wrap_up_mode` text DEFAULT 'off' NOT NULL,
	`wrap_up_auto_end_sec` integer DEFAULT 0 NOT NULL,
	`auto_pause_on_no_answer` integer DEFAULT false NOT NULL,
	`show_queue_info` integer DEFAULT false NOT NULL,
	`auto_answer_queue` integer DEFAULT false NOT NULL,
	`auto_answer_predictive` integer DEFAULT false NOT NULL,
	`auto_answer_click_to_dial` integer DEFAULT true NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agent_groups_work_mode" CHECK(work_mode IN ('all', 'selfSelect', 'inbound', 'outbound')),
	CONSTRAINT "agent_groups_outbound_attribute" CHECK(outbound_attribute IN ('unrestricted', 'restricted')),
	CONSTRAINT "agent_groups_wrap_up_mode" CHECK(wrap_up_mode IN ('off', 'afterRinging', 'afterAnswered', 'selfSelect'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_groups_team_name_unique` ON `agent_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `agent_groups_queue_idx` ON `agent_groups` (`queue_id`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`agent_no` text NOT NULL,
	`password_hash` text NOT NULL,
	`target_number` text,
	`extension_mode` text DEFAULT 'adaptive' NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`caller_number` text,
	`caller_name` text,
	`ignore_ext_forwarding` integer DEFAULT false NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agents_extension_mode" CHECK(extension_mode IN ('fixed', 'adaptive', 'selfSelect')),
	CONSTRAINT "agents_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "agents_agent_no_digits" CHECK(agent_no <> '' AND agent_no NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_team_agent_no_unique` ON `agents` (`team_id`,`agent_no`);--> statement-breakpoint
CREATE INDEX `agents_account_idx` ON `agents` (`account_id`);--> statement-breakpoint
CREATE TABLE `caller_list_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`list_type` text NOT NULL,
	`number_pattern` text NOT NULL,
	`account_id` integer,
	`extension_id` integer,
	`status` text DEFAULT 'enabled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "caller_list_entries_list_type" CHECK(list_type IN ('black', 'white')),
	CONSTRAINT "caller_list_entries_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "caller_list_entries_one_scope" CHECK(account_id IS NULL OR extension_id IS NULL)
);
--> statement-breakpoint
CREATE INDEX `caller_list_entries_team_idx` ON `caller_list_entries` (`team_id`,`list_type`);--> statement-breakpoint
CREATE INDEX `caller_list_entries_account_idx` ON `caller_list_entries` (`account_id`);--> statement-breakpoint
CREATE INDEX `caller_list_entries_extension_idx` ON `caller_list_entries` (`extension_id`);--> statement-breakpoint
CREATE TABLE `inbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`did_id` integer,
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
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`work_hours_id`) REFERENCES `work_hours`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "inbound_routes_destination_type" CHECK(destination_type IN ('end', 'extension', 'ringGroup', 'queue')),
	CONSTRAINT "inbound_routes_status" CHECK(status IN ('enabled', 'disabled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_routes_team_name_unique` ON `inbound_routes` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `inbound_routes_did_idx` ON `inbound_routes` (`did_id`);--> statement-breakpoint
CREATE INDEX `inbound_routes_destination_idx` ON `inbound_routes` (`destination_type`,`destination_id`);--> statement-breakpoint
CREATE TABLE `queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`strategy` text DEFAULT 'leastrecent' NOT NULL,
	`failover_type` text DEFAULT 'hangup' NOT NULL,
	`failover_target_id` integer,
	`agent_ring_timeout_sec` integer DEFAULT 15 NOT NULL,
	`retry_interval_sec` integer DEFAULT 5 NOT NULL,
	`max_wait_time_sec` integer DEFAULT 45 NOT NULL,
	`join_empty` integer DEFAULT true NOT NULL,
	`wrap_up_time_sec` integer DEFAULT 5 NOT NULL,
	`autofill` integer DEFAULT true NOT NULL,
	`caller_name_prefix` text,
	`caller_number_prefix` text,
	`last_agent_first` integer DEFAULT true NOT NULL,
	`max_callers` integer DEFAULT 0 NOT NULL,
	`periodic_announce_frequency_sec` integer DEFAULT 0 NOT NULL,
	`position_announce_frequency_sec` integer DEFAULT 0 NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "queues_strategy" CHECK(strategy IN ('leastrecent', 'fewestcalls', 'random', 'rrmemory', 'ringall', 'linear')),
	CONSTRAINT "queues_failover_type" CHECK(failover_type IN ('hangup', 'busy', 'extension', 'ringGroup', 'queue')),
	CONSTRAINT "queues_number_digits" CHECK(number <> '' AND number NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queues_team_number_unique` ON `queues` (`team_id`,`number`);--> statement-breakpoint
CREATE INDEX `queues_failover_idx` ON `queues` (`failover_type`,`failover_target_id`);--> statement-breakpoint
CREATE TABLE `ring_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ring_group_id` integer NOT NULL,
	`extension_id` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`ring_group_id`) REFERENCES `ring_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ring_group_members_group_extension_unique` ON `ring_group_members` (`ring_group_id`,`extension_id`);--> statement-breakpoint
CREATE INDEX `ring_group_members_extension_idx` ON `ring_group_members` (`extension_id`);--> statement-breakpoint
CREATE TABLE `ring_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`internal_number` text NOT NULL,
	`strategy` text DEFAULT 'ringall' NOT NULL,
	`ring_time_sec` integer DEFAULT 60 NOT NULL,
	`failover_type` text DEFAULT 'hangup' NOT NULL,
	`failover_target_id` integer,
	`last_call_first` integer DEFAULT false NOT NULL,
	`caller_number_prefix` text,
	`caller_name_prefix` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ring_groups_strategy" CHECK(strategy IN ('ringall', 'sequential', 'rrmemory', 'idle', 'incremental')),
	CONSTRAINT "ring_groups_failover_type" CHECK(failover_type IN ('hangup', 'busy', 'extension', 'ringGroup', 'queue')),
	CONSTRAINT "ring_groups_number_digits" CHECK(internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ring_groups_team_number_unique` ON `ring_groups` (`team_id`,`internal_number`);--> statement-breakpoint
CREATE INDEX `ring_groups_failover_idx` ON `ring_groups` (`failover_type`,`failover_target_id`);--> statement-breakpoint
CREATE TABLE `trunk_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trunk_group_id` integer NOT NULL,
	`trunk_id` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`trunk_group_id`) REFERENCES `trunk_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunk_group_members_group_trunk_unique` ON `trunk_group_members` (`trunk_group_id`,`trunk_id`);--> statement-breakpoint
CREATE INDEX `trunk_group_members_trunk_idx` ON `trunk_group_members` (`trunk_id`);--> statement-breakpoint
CREATE TABLE `trunk_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`strategy` text DEFAULT 'sequential' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "trunk_groups_strategy" CHECK(strategy IN ('sequential', 'random', 'roundRobin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunk_groups_team_name_unique` ON `trunk_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE TABLE `work_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`intervals` text NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "work_hours_status" CHECK(status IN ('enabled', 'disabled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_hours_team_name_unique` ON `work_hours` (`team_id`,`name`);