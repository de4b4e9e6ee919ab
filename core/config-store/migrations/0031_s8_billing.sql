CREATE TABLE `agent_inbound_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`agent_group_id` integer NOT NULL,
	`agent_id` integer,
	`destination` text,
	`connect_fee_e4` integer DEFAULT 0 NOT NULL,
	`initial_duration_sec` integer DEFAULT 0 NOT NULL,
	`rate_per_minute_e4` integer DEFAULT 0 NOT NULL,
	`billing_cycle_sec` integer DEFAULT 60 NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_group_id`) REFERENCES `agent_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agent_inbound_rates_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "agent_inbound_rates_cycle" CHECK(billing_cycle_sec > 0)
);
--> statement-breakpoint
CREATE INDEX `agent_inbound_rates_group_idx` ON `agent_inbound_rates` (`agent_group_id`);--> statement-breakpoint
CREATE INDEX `agent_inbound_rates_agent_idx` ON `agent_inbound_rates` (`agent_id`);--> statement-breakpoint
CREATE TABLE `agent_ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`agent_id` integer,
	`agent_no` text NOT NULL,
	`agent_group_id` integer,
	`type` text NOT NULL,
	`amount_e4` integer NOT NULL,
	`balance_after_e4` integer NOT NULL,
	`remark` text,
	`pay_month` text,
	`call_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_group_id`) REFERENCES `agent_groups`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "agent_ledger_type" CHECK(type IN ('add', 'pay')),
	CONSTRAINT "agent_ledger_amount" CHECK(amount_e4 > 0)
);
--> statement-breakpoint
CREATE INDEX `agent_ledger_team_idx` ON `agent_ledger_entries` (`team_id`,`id`);--> statement-breakpoint
CREATE INDEX `agent_ledger_agent_idx` ON `agent_ledger_entries` (`agent_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `agent_ledger_call_unique` ON `agent_ledger_entries` (`call_id`);--> statement-breakpoint
CREATE TABLE `call_charges` (
	`call_id` text PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`account_id` integer,
	`agent_id` integer,
	`extension_charge_e4` integer DEFAULT 0 NOT NULL,
	`team_cost_e4` integer DEFAULT 0 NOT NULL,
	`system_cost_e4` integer DEFAULT 0 NOT NULL,
	`agent_fee_e4` integer DEFAULT 0 NOT NULL,
	`extension_rate_id` integer,
	`team_rate_id` integer,
	`system_rate_id` integer,
	`agent_rate_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `extension_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prefix` text NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`destination` text,
	`connect_fee_e4` integer DEFAULT 0 NOT NULL,
	`initial_duration_sec` integer DEFAULT 0 NOT NULL,
	`rate_per_minute_e4` integer DEFAULT 0 NOT NULL,
	`billing_cycle_sec` integer DEFAULT 60 NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`trunk_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`team_id` integer,
	`account_group_id` integer,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_group_id`) REFERENCES `account_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "extension_rates_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "extension_rates_cycle" CHECK(billing_cycle_sec > 0),
	CONSTRAINT "extension_rates_group_team" CHECK(account_group_id IS NULL OR team_id IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `extension_rates_team_idx` ON `extension_rates` (`team_id`);--> statement-breakpoint
CREATE INDEX `extension_rates_group_idx` ON `extension_rates` (`account_group_id`);--> statement-breakpoint
CREATE INDEX `extension_rates_trunk_idx` ON `extension_rates` (`trunk_id`);--> statement-breakpoint
CREATE TABLE `system_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prefix` text NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`destination` text,
	`connect_fee_e4` integer DEFAULT 0 NOT NULL,
	`initial_duration_sec` integer DEFAULT 0 NOT NULL,
	`rate_per_minute_e4` integer DEFAULT 0 NOT NULL,
	`billing_cycle_sec` integer DEFAULT 60 NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`trunk_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "system_rates_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "system_rates_cycle" CHECK(billing_cycle_sec > 0)
);
--> statement-breakpoint
CREATE INDEX `system_rates_trunk_idx` ON `system_rates` (`trunk_id`);--> statement-breakpoint
CREATE TABLE `team_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prefix` text NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`destination` text,
	`connect_fee_e4` integer DEFAULT 0 NOT NULL,
	`initial_duration_sec` integer DEFAULT 0 NOT NULL,
	`rate_per_minute_e4` integer DEFAULT 0 NOT NULL,
	`billing_cycle_sec` integer DEFAULT 60 NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`trunk_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`team_id` integer,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "team_rates_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "team_rates_cycle" CHECK(billing_cycle_sec > 0)
);
--> statement-breakpoint
CREATE INDEX `team_rates_team_idx` ON `team_rates` (`team_id`);--> statement-breakpoint
CREATE INDEX `team_rates_trunk_idx` ON `team_rates` (`trunk_id`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `current_fees_e4` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trunks` ADD `forced_billing` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `inbound_fees_e4` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `outbound_fees_e4` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `finance_adjustments` ADD `account_id` integer REFERENCES accounts(id) ON DELETE cascade;