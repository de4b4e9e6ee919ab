CREATE TABLE `conference_rooms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`user_pin` text,
	`admin_pin` text,
	`max_members` integer DEFAULT 0 NOT NULL,
	`wait_for_leader` integer DEFAULT false NOT NULL,
	`talker_optimization` integer DEFAULT false NOT NULL,
	`talker_detection` integer DEFAULT false NOT NULL,
	`quiet_mode` integer DEFAULT false NOT NULL,
	`announce_join_leave` integer DEFAULT false NOT NULL,
	`music_on_hold` integer DEFAULT false NOT NULL,
	`enable_menu` integer DEFAULT false NOT NULL,
	`announce_user_count` integer DEFAULT false NOT NULL,
	`record_conference` integer DEFAULT false NOT NULL,
	`invite_caller_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "conference_rooms_number_digits" CHECK(number <> '' AND number NOT GLOB '*[^0-9]*'),
	CONSTRAINT "conference_rooms_max_members" CHECK(max_members >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_rooms_team_number_unique` ON `conference_rooms` (`team_id`,`number`);--> statement-breakpoint
CREATE TABLE `did_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`match_type` text DEFAULT 'number' NOT NULL,
	`entries` text NOT NULL,
	`country` text,
	`monthly_rent_e4` integer DEFAULT 0 NOT NULL,
	`rate_e4` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "did_groups_match_type" CHECK(match_type IN ('number', 'prefix'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `did_groups_team_name_unique` ON `did_groups` (`team_id`,`name`);--> statement-breakpoint
CREATE TABLE `voicemail_boxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`extension_id` integer NOT NULL,
	`pin_encrypted` text,
	`email` text,
	`attach_audio` integer DEFAULT true NOT NULL,
	`delete_after_email` integer DEFAULT false NOT NULL,
	`greeting` text DEFAULT 'system' NOT NULL,
	`max_messages` integer DEFAULT 100 NOT NULL,
	`max_message_sec` integer DEFAULT 180 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "voicemail_boxes_greeting" CHECK(greeting IN ('system', 'personal'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voicemail_boxes_extension_unique` ON `voicemail_boxes` (`extension_id`);--> statement-breakpoint
CREATE INDEX `voicemail_boxes_team_idx` ON `voicemail_boxes` (`team_id`);