PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_ring_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ring_group_id` integer NOT NULL,
	`extension_id` integer NOT NULL,
	`position` integer NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`ring_count` integer DEFAULT 0 NOT NULL,
	`answer_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`ring_group_id`) REFERENCES `ring_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_id`) REFERENCES `extensions`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ring_group_members_priority" CHECK(priority BETWEEN 0 AND 9)
);
--> statement-breakpoint
INSERT INTO `__new_ring_group_members`("id", "ring_group_id", "extension_id", "position", "created_at", "updated_at") SELECT m."id", m."ring_group_id", m."extension_id", m."position", g."created_at", g."updated_at" FROM `ring_group_members` m JOIN `ring_groups` g ON g."id" = m."ring_group_id";--> statement-breakpoint
DROP TABLE `ring_group_members`;--> statement-breakpoint
ALTER TABLE `__new_ring_group_members` RENAME TO `ring_group_members`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `ring_group_members_group_extension_unique` ON `ring_group_members` (`ring_group_id`,`extension_id`);--> statement-breakpoint
CREATE INDEX `ring_group_members_extension_idx` ON `ring_group_members` (`extension_id`);