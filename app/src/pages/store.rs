//! Settings → Module Store: every paid module by group, the bundles with their
//! computed savings, what this install owns, checkout and purchase history.

use crate::api::license::{purchase_history, CheckLicenseNow, StartCheckout};
use crate::components::module_gate::Owned;
use crate::pages::auth::{go, ErrorLine};
use crate::LicenseRefresh;
use archnest_modules::{format_price, Bundle, Group, Module, ModuleSet};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn StoreSection() -> impl IntoView {
    let owned = use_context::<Owned>().map(|o| o.0).unwrap_or_else(|| Signal::derive(|| ModuleSet::EMPTY));
    let checkout = ServerAction::<StartCheckout>::new();
    let recheck = ServerAction::<CheckLicenseNow>::new();
    let params = use_params_map();
    let focus = move || params.read().get("slug");
    let query = use_query_map();
    let paid = move || query.read().get("paid").is_some();
    let before = StoredValue::new(None::<ModuleSet>);

    Effect::new(move |_| {
        if let Some(Ok(url)) = checkout.value().get() {
            go(&url);
        }
    });
    // Back from checkout: check the license at once and refresh every lock badge.
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() && paid() {
            before.set_value(Some(owned.get_untracked()));
            recheck.dispatch(CheckLicenseNow {});
        }
    });
    Effect::new(move |_| {
        if recheck.value().get().is_some() {
            if let Some(r) = use_context::<LicenseRefresh>() {
                r.refetch();
            }
        }
    });
    // Read the signals before any early return so this re-runs when they change.
    let unlocked = move || {
        let checked = recheck.value().get();
        let was = before.get_value()?;
        let now = checked?.ok()?.owned;
        Some(now.iter().filter(|m| !was.contains(*m)).collect::<Vec<_>>())
    };
    let buy = move |item: &'static str| {
        checkout.dispatch(StartCheckout { items: vec![item.to_string()] });
    };

    view! {
        <Title text="Module Store"/>
        {move || paid().then(|| view! {
            <section class="card notice" id="purchase-result">
                {move || match unlocked() {
                    None => view! { <p>"Thanks! Checking your license…"</p> }.into_any(),
                    Some(list) if list.is_empty() => view! {
                        <p>"Payment received. Your license has not changed yet — it updates as soon as the payment is confirmed; use Check now in Settings → License."</p>
                    }.into_any(),
                    Some(list) => view! {
                        <p class="form-ok">"Unlocked: " {list.iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")}</p>
                    }.into_any(),
                }}
            </section>
        })}
        <ErrorLine value=checkout.value()/>
        <section class="card">
            <h2>"Bundles"</h2>
            <div class="store-grid">
                {Bundle::ALL.into_iter().map(|b| {
                    let all_owned = move || b.modules().iter().all(|m| owned.get().contains(*m));
                    view! {
                        <article class="store-item bundle" data-bundle=b.slug()>
                            <header><strong>{b.name()}</strong><span class="price">{format_price(b.price_cents())}</span></header>
                            <p class="muted small">{format!("{} modules · save {} (list {})", b.modules().len(), format_price(b.savings_cents()), format_price(b.list_price_cents()))}</p>
                            <p class="small">{b.modules().iter().map(|m| m.name()).collect::<Vec<_>>().join(" · ")}</p>
                            <BuyButton owned=Signal::derive(all_owned) pending=checkout.pending() on_buy=move || buy(b.slug())/>
                        </article>
                    }
                }).collect_view()}
            </div>
        </section>
        {Group::ALL.into_iter().map(|g| view! {
            <section class="card">
                <h2>{g.label()}</h2>
                <div class="store-grid">
                    {g.modules().map(|m| view! { <ModuleCard m=m owned=owned focus=Signal::derive(move || focus().as_deref() == Some(m.slug())) pending=checkout.pending() on_buy=move || buy(m.slug())/> }).collect_view()}
                </div>
            </section>
        }).collect_view()}
        <PurchaseHistory/>
    }
}

#[component]
fn ModuleCard(m: Module, owned: Signal<ModuleSet>, focus: Signal<bool>, pending: Memo<bool>, on_buy: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <article class="store-item" class:focus=move || focus.get() id=format!("module-{}", m.slug()) data-module=m.slug()>
            <header><strong>{m.name()}</strong><span class="price">{format_price(m.price_cents())}</span></header>
            <p class="muted small">{m.description()}</p>
            <BuyButton owned=Signal::derive(move || owned.get().contains(m)) pending=pending on_buy=on_buy/>
        </article>
    }
}

#[component]
fn BuyButton(owned: Signal<bool>, pending: Memo<bool>, on_buy: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let on_buy = std::sync::Arc::new(on_buy);
    view! {
        <Show
            when=move || owned.get()
            fallback=move || {
                let on_buy = on_buy.clone();
                view! { <button class="button small buy" disabled=move || pending.get() on:click=move |_| on_buy()>"Buy"</button> }
            }
        >
            <span class="pill ok owned">"Owned"</span>
        </Show>
    }
}

#[component]
fn PurchaseHistory() -> impl IntoView {
    let history = Resource::new(|| (), |_| purchase_history());
    view! {
        <section class="card" id="purchases">
            <h2>"Purchase history"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No purchases yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table">
                                <thead><tr><th>"Items"</th><th>"Amount"</th><th>"Date"</th><th>"Status"</th></tr></thead>
                                <tbody>{list.into_iter().map(|p| view! {
                                    <tr>
                                        <td>{p.items.join(", ")}</td>
                                        <td>{format_price(p.amount_cents.max(0) as u32)}</td>
                                        <td>{crate::pages::profile::ago(p.created_at)}</td>
                                        <td>{if p.refunded { "Refunded" } else { "Paid" }}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <p class="muted">"Purchase history is unavailable: " {e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
