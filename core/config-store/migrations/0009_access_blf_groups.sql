CREATE TABLE `blf_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`blf_group_id` integer NOT NULL,
	`extension_id` integer NOT NULL,
	FOREIGN KEY (`blf_group_id`) REFERENCES `blf_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blf_group_members_unique` ON `blf_group_members` (`blf_group_id`,`extension_id`);--> statement-breakpoint
CREATE INDEX `blf_group_members_extension_idx` ON `blf_group_members` (`extension_id`);--> statement-breakpoint
CREATE TABLE `blf_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blf_groups_team_name_unique` ON `blf_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE TABLE `blf_subscribers` (
	`extension_id` integer PRIMARY KEY NOT NULL,
	`blf_group_id` integer NOT NULL,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`blf_group_id`) REFERENCES `blf_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `blf_subscribers_group_idx` ON `blf_subscribers` (`blf_group_id`);