CREATE INDEX `extensions_team_id_idx` ON `extensions` (`team_id`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_name_idx` ON `extensions` (`team_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_created_idx` ON `extensions` (`team_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `extensions_team_updated_idx` ON `extensions` (`team_id`,`updated_at`,`id`);