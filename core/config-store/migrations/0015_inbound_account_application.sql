PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_inbound_routes` (
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
	CONSTRAINT "inbound_routes_destination_type" CHECK(destination_type IN ('end', 'extension', 'ringGroup', 'queue', 'ivr', 'conference', 'voicemail', 'application', 'account')),
	CONSTRAINT "inbound_routes_status" CHECK(status IN ('enabled', 'disabled'))
);
--> statement-breakpoint
INSERT INTO `__new_inbound_routes`("id", "team_id", "name", "did_id", "caller_pattern", "trunk_id", "work_hours_id", "destination_type", "destination_id", "priority", "status", "created_at", "updated_at") SELECT "id", "team_id", "name", "did_id", "caller_pattern", "trunk_id", "work_hours_id", "destination_type", "destination_id", "priority", "status", "created_at", "updated_at" FROM `inbound_routes`;--> statement-breakpoint
DROP TABLE `inbound_routes`;--> statement-breakpoint
ALTER TABLE `__new_inbound_routes` RENAME TO `inbound_routes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_routes_team_name_unique` ON `inbound_routes` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `inbound_routes_did_idx` ON `inbound_routes` (`did_id`);--> statement-breakpoint
CREATE INDEX `inbound_routes_destination_idx` ON `inbound_routes` (`destination_type`,`destination_id`);