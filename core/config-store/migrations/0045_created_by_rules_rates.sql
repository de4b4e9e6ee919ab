ALTER TABLE `trunk_group_rules` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `trunk_rules` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `agent_inbound_rates` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `extension_rates` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `system_rates` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `team_rates` ADD `created_by` text;