//! Purchases recorded from Stripe, their refunds, and the history an install sees.

use crate::db::entities::purchase::{self, Entity as Purchase};
use crate::entitlement::{join_slugs, split_slugs, PurchasedModules};
use crate::stripe::events::CompletedCheckout;
use archnest_modules::ModuleSet;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, TryInsertResult};

pub async fn list<C: ConnectionTrait>(db: &C, install_id: &str) -> Result<Vec<purchase::Model>, DbErr> {
    Purchase::find()
        .filter(purchase::Column::InstallId.eq(install_id))
        .order_by_asc(purchase::Column::Id)
        .all(db)
        .await
}

pub fn entitlement_view(p: &purchase::Model) -> PurchasedModules {
    PurchasedModules { modules: ModuleSet::from_slugs(split_slugs(&p.modules)), refunded: p.refunded_at.is_some() }
}

/// Records a paid session; `false` if that session was already recorded.
pub async fn record<C: ConnectionTrait>(db: &C, c: &CompletedCheckout, now: i64) -> Result<bool, DbErr> {
    let row = purchase::ActiveModel {
        stripe_session_id: Set(c.session_id.clone()),
        payment_intent: Set(c.payment_intent.clone()),
        install_id: Set(c.install_id.clone()),
        items: Set(c.items.join(",")),
        modules: Set(join_slugs(c.modules)),
        amount_cents: Set(c.amount_cents),
        created_at: Set(now),
        refunded_at: Set(None),
        ..Default::default()
    };
    let res = Purchase::insert(row)
        .on_conflict_do_nothing_on([purchase::Column::StripeSessionId])
        .exec_without_returning(db)
        .await?;
    let inserted = matches!(res, TryInsertResult::Inserted(n) if n > 0);
    if inserted {
        tracing::info!(install_id = %c.install_id, session = %c.session_id, items = %c.items.join(","),
            amount_cents = c.amount_cents, "purchase recorded");
    }
    Ok(inserted)
}

/// Marks every purchase paid by `payment_intent` refunded; returns how many.
pub async fn refund<C: ConnectionTrait>(db: &C, payment_intent: &str, now: i64) -> Result<u64, DbErr> {
    let res = Purchase::update_many()
        .col_expr(purchase::Column::RefundedAt, Expr::value(now))
        .filter(purchase::Column::PaymentIntent.eq(payment_intent))
        .filter(purchase::Column::RefundedAt.is_null())
        .exec(db)
        .await?;
    if res.rows_affected > 0 {
        tracing::info!(payment_intent, count = res.rows_affected, "purchase refunded, modules revoked");
    }
    Ok(res.rows_affected)
}

/// One row of `GET /v1/installs/{id}/purchases`; the wire type is shared with the install.
pub use archnest_modules::license::PurchaseRecord as PurchaseView;

impl From<&purchase::Model> for PurchaseView {
    fn from(p: &purchase::Model) -> Self {
        PurchaseView {
            id: i64::from(p.id),
            items: split_slugs(&p.items).map(str::to_owned).collect(),
            modules: split_slugs(&p.modules).map(str::to_owned).collect(),
            amount_cents: p.amount_cents,
            created_at: p.created_at,
            refunded: p.refunded_at.is_some(),
        }
    }
}
