ALTER TABLE `cdrs` ADD `charge_state` text;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `account_id` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `extension_charge_e4` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `team_cost_e4` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `system_cost_e4` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `agent_id` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `agent_fee_e4` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `extension_rate_id` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `team_rate_id` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `system_rate_id` integer;--> statement-breakpoint
ALTER TABLE `cdrs` ADD `agent_rate_id` integer;--> statement-breakpoint
CREATE INDEX `cdrs_charge_state_idx` ON `cdrs` (`charge_state`);