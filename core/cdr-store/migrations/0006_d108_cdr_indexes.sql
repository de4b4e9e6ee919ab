CREATE INDEX `cdrs_started_idx` ON `cdrs` (`started_at_ms`);--> statement-breakpoint
CREATE INDEX `cdrs_caller_idx` ON `cdrs` (`caller_number`,`team_id`,`started_at_ms`);--> statement-breakpoint
CREATE INDEX `cdrs_called_idx` ON `cdrs` (`called_number`,`team_id`,`started_at_ms`);--> statement-breakpoint
CREATE INDEX `cdrs_did_idx` ON `cdrs` (`did`,`team_id`,`started_at_ms`);