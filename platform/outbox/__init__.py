"""The transactional outbox: effects that leave the system (email, webhooks,
scheduling) are written here in the same transaction as the change that causes
them, and a worker relays them afterwards."""
