//! Stripe event idempotency: claiming an event id inside the effect's transaction.

use crate::db::entities::stripe_event::{self, Entity as StripeEvent};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, TryInsertResult};

/// Inserts the event id; `false` means it was already processed (or is being
/// processed by a concurrent transaction that has since committed).
pub async fn claim<C: ConnectionTrait>(db: &C, event_id: &str, event_type: &str, now: i64) -> Result<bool, DbErr> {
    let row = stripe_event::ActiveModel {
        event_id: Set(event_id.to_owned()),
        event_type: Set(event_type.to_owned()),
        processed_at: Set(now),
    };
    let res = StripeEvent::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
    Ok(matches!(res, TryInsertResult::Inserted(n) if n > 0))
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Applied,
    /// The event id was already processed; nothing changed.
    Duplicate,
    Ignored,
}

/// Applies an event's effect and claims its id in one transaction, so the effect
/// happens exactly once however often (or concurrently) Stripe delivers it.
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    event_id: &str,
    event_type: &str,
    effect: &crate::stripe::events::Effect,
    now: i64,
) -> Result<Applied, DbErr> {
    use crate::stripe::events::Effect;
    use sea_orm::TransactionTrait;
    if let Effect::Ignore(reason) = effect {
        tracing::debug!(event_id, event_type, reason, "stripe event ignored");
        return Ok(Applied::Ignored);
    }
    let txn = db.begin().await?;
    if !claim(&txn, event_id, event_type, now).await? {
        txn.rollback().await?;
        tracing::info!(event_id, event_type, "stripe event replayed; already processed");
        return Ok(Applied::Duplicate);
    }
    match effect {
        Effect::RecordPurchase(c) => {
            super::purchases::record(&txn, c, now).await?;
        }
        Effect::RevokePayment { payment_intent } => {
            if super::purchases::refund(&txn, payment_intent, now).await? == 0 {
                tracing::warn!(event_id, payment_intent, "refund for a payment intent with no recorded purchase");
            }
        }
        Effect::Ignore(_) => {}
    }
    txn.commit().await?;
    tracing::info!(event_id, event_type, "stripe event processed");
    Ok(Applied::Applied)
}
