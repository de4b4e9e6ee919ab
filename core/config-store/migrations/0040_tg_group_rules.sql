CREATE TABLE `trunk_group_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trunk_group_id` integer NOT NULL,
	`trunk_id` integer NOT NULL,
	`number_prefix` text DEFAULT 'default' NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`action` text DEFAULT 'allow' NOT NULL,
	`strip_prefix` text DEFAULT '' NOT NULL,
	`add_prefix` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`trunk_group_id`) REFERENCES `trunk_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trunk_id`) REFERENCES `trunks`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "trunk_group_rules_action" CHECK(action IN ('allow', 'deny'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunk_group_rules_match_unique` ON `trunk_group_rules` (`trunk_group_id`,`trunk_id`,`number_prefix`,`number_length`);--> statement-breakpoint
CREATE INDEX `trunk_group_rules_trunk_idx` ON `trunk_group_rules` (`trunk_id`);