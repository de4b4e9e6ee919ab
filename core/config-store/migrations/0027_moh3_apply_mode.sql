PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_moh_classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer,
	`name` text NOT NULL,
	`identifier` text NOT NULL,
	`apply_mode` text DEFAULT 'shared' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "moh_classes_apply_mode" CHECK(apply_mode IN ('shared', 'perCaller'))
);
--> statement-breakpoint
INSERT INTO `__new_moh_classes`("id", "team_id", "name", "identifier", "created_at", "updated_at") SELECT "id", "team_id", "name", "identifier", "created_at", "updated_at" FROM `moh_classes`;--> statement-breakpoint
DROP TABLE `moh_classes`;--> statement-breakpoint
ALTER TABLE `__new_moh_classes` RENAME TO `moh_classes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `moh_classes_team_identifier_unique` ON `moh_classes` (`team_id`,`identifier`);