CREATE TABLE `account_roles` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`role_id` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `account_roles_role_idx` ON `account_roles` (`role_id`);--> statement-breakpoint
CREATE TABLE `caller_id_restrictions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`restriction_type` text DEFAULT 'blacklist' NOT NULL,
	`status` text DEFAULT 'enabled' NOT NULL,
	`trunk_type` text DEFAULT 'trunk' NOT NULL,
	`trunk_id` integer,
	`trunk_group_id` integer,
	`number` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trunk_group_id`) REFERENCES `trunk_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "caller_id_restrictions_type" CHECK(restriction_type IN ('blacklist', 'whitelist')),
	CONSTRAINT "caller_id_restrictions_status" CHECK(status IN ('enabled', 'disabled')),
	CONSTRAINT "caller_id_restrictions_target" CHECK(trunk_type IN ('trunk', 'trunkGroup')),
	CONSTRAINT "caller_id_restrictions_one_target" CHECK((trunk_type = 'trunk' AND trunk_id IS NOT NULL AND trunk_group_id IS NULL) OR (trunk_type = 'trunkGroup' AND trunk_group_id IS NOT NULL AND trunk_id IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `caller_id_restrictions_trunk_unique` ON `caller_id_restrictions` (`team_id`,`restriction_type`,`trunk_id`,`number`) WHERE trunk_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `caller_id_restrictions_group_unique` ON `caller_id_restrictions` (`team_id`,`restriction_type`,`trunk_group_id`,`number`) WHERE trunk_group_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `caller_id_restrictions_trunk_idx` ON `caller_id_restrictions` (`trunk_id`);--> statement-breakpoint
CREATE INDEX `caller_id_restrictions_group_idx` ON `caller_id_restrictions` (`trunk_group_id`);--> statement-breakpoint
CREATE TABLE `pbx_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`template_type` text DEFAULT 'device' NOT NULL,
	`protocol` text DEFAULT 'sip' NOT NULL,
	`details` text NOT NULL,
	`remark` text,
	`is_builtin` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "pbx_templates_template_type" CHECK(template_type IN ('device', 'trunk')),
	CONSTRAINT "pbx_templates_protocol" CHECK(protocol IN ('sip', 'iax2', 'mgcp', 'dahdi'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pbx_templates_team_name_unique` ON `pbx_templates` (`team_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `pbx_templates_system_name_unique` ON `pbx_templates` (`name`) WHERE team_id IS NULL;--> statement-breakpoint
CREATE TABLE `roles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`role_type` text DEFAULT 'user' NOT NULL,
	`builtin` text,
	`permissions` text NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "roles_role_type" CHECK(role_type IN ('user')),
	CONSTRAINT "roles_builtin" CHECK(builtin IS NULL OR (builtin IN ('admin', 'agent') AND team_id IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roles_team_name_unique` ON `roles` (`team_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `roles_system_name_unique` ON `roles` (`name`) WHERE team_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `roles_builtin_unique` ON `roles` (`builtin`) WHERE builtin IS NOT NULL;