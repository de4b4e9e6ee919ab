CREATE TABLE `parking_lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`number` text NOT NULL,
	`first_slot` integer NOT NULL,
	`slot_count` integer NOT NULL,
	`parking_timeout_s` integer NOT NULL,
	`moh_class_id` integer,
	`timeout_type` text,
	`timeout_target_id` integer,
	`timeout_target_value` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`moh_class_id`) REFERENCES `moh_classes`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "parking_lots_timeout_type" CHECK(timeout_type IN ('hangup', 'extension', 'ringGroup', 'queue', 'ivr', 'voicemail', 'conference')),
	CONSTRAINT "parking_lots_number_digits" CHECK(number <> '' AND number NOT GLOB '*[^0-9]*'),
	CONSTRAINT "parking_lots_slots" CHECK(first_slot >= 0 AND slot_count BETWEEN 1 AND 100),
	CONSTRAINT "parking_lots_timeout" CHECK(parking_timeout_s BETWEEN 5 AND 3600)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parking_lots_team_number_unique` ON `parking_lots` (`team_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `parking_lots_team_name_unique` ON `parking_lots` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `parking_lots_moh_class_idx` ON `parking_lots` (`moh_class_id`);--> statement-breakpoint
CREATE INDEX `parking_lots_timeout_idx` ON `parking_lots` (`timeout_type`,`timeout_target_id`);