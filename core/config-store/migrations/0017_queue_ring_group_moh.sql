ALTER TABLE `queues` ADD `moh_class_id` integer REFERENCES moh_classes(id);--> statement-breakpoint
CREATE INDEX `queues_moh_class_idx` ON `queues` (`moh_class_id`);--> statement-breakpoint
ALTER TABLE `ring_groups` ADD `moh_class_id` integer REFERENCES moh_classes(id);--> statement-breakpoint
CREATE INDEX `ring_groups_moh_class_idx` ON `ring_groups` (`moh_class_id`);