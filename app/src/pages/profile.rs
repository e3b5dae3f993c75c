//! Settings → Profile: account, password, two-factor and active sessions.

use crate::api::auth::{current_account, Logout};
use crate::api::profile::{
    list_sessions, ChangePassword, RevokeOtherSessions, RevokeSession, TotpBegin, TotpConfirm, TotpDisable,
};
use crate::components::password_meter::PasswordMeter;
use crate::pages::auth::{go, ErrorLine};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// A short, human description of a browser from its User-Agent.
pub fn describe_user_agent(ua: &str) -> String {
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/", "curl/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "Firefox/" => "Firefox",
            "Chrome/" => if ua.contains("HeadlessChrome") { "Headless Chrome" } else { "Chrome" },
            "Safari/" => "Safari",
            _ => "curl",
        })
        .unwrap_or("Unknown browser");
    let os = [("iPad", "iPad"), ("iPhone", "iPhone"), ("Android", "Android"), ("Mac OS X", "macOS"), ("Windows", "Windows"), ("Linux", "Linux")]
        .iter()
        .find(|(k, _)| ua.contains(k))
        .map(|(_, v)| *v);
    match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser.to_string(),
    }
}

pub fn ago(ts: i64) -> String {
    let now = chrono_now();
    let d = (now - ts).max(0);
    match d {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", d / 60),
        3600..=86_399 => format!("{} h ago", d / 3600),
        _ => format!("{} days ago", d / 86_400),
    }
}

fn chrono_now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

#[component]
pub fn ProfileSection() -> impl IntoView {
    let account = Resource::new(|| (), |_| current_account());
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            go("/login");
        }
    });
    view! {
        <Title text="Profile"/>
        <section class="card">
            <h2>"Account"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    account.await.map(|m| view! {
                        <dl class="facts">
                            <dt>"Username"</dt><dd id="profile-username">{m.username}</dd>
                            <dt>"Role"</dt><dd>{if m.is_admin { "Administrator" } else { "Member" }}</dd>
                        </dl>
                    }).map_err(|e| e.to_string())
                })}
            </Suspense>
            <ActionForm action=logout attr:class="inline-form">
                <button class="button ghost" type="submit" id="logout-button">"Sign out"</button>
            </ActionForm>
        </section>
        <PasswordCard/>
        <TwoFactorCard account=account/>
        <SessionsCard/>
    }
}

#[component]
fn PasswordCard() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let password = RwSignal::new(String::new());
    view! {
        <section class="card">
            <h2>"Password"</h2>
            <ActionForm action=action attr:class="form narrow">
                <label>"Current password"<input name="current" type="password" autocomplete="current-password" required/></label>
                <label>"New password"<input name="password" type="password" autocomplete="new-password" required minlength="12"
                    on:input=move |ev| password.set(event_target_value(&ev))/></label>
                <PasswordMeter password=password/>
                <label>"Confirm new password"<input name="confirm" type="password" autocomplete="new-password" required minlength="12"/></label>
                <ErrorLine value=action.value()/>
                {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                    <p class="form-ok">"Password changed. Your other sessions were signed out."</p>
                })}
                <button class="button" type="submit">"Change password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TwoFactorCard(account: Resource<Result<crate::api::auth::Account, crate::AppError>>) -> impl IntoView {
    let begin = ServerAction::<TotpBegin>::new();
    let confirm = ServerAction::<TotpConfirm>::new();
    let disable = ServerAction::<TotpDisable>::new();
    Effect::new(move |_| {
        if matches!(disable.value().get(), Some(Ok(()))) {
            begin.value().set(None);
            confirm.value().set(None);
            account.refetch();
        }
    });
    let enabled = move || account.get().and_then(|r| r.ok()).map(|m| m.totp_enabled).unwrap_or(false);
    view! {
        <section class="card" id="two-factor">
            <h2>"Two-factor authentication"</h2>
            <Transition fallback=|| ()>
                {move || {
                    if let Some(Ok(codes)) = confirm.value().get() {
                        return view! {
                            <p class="form-ok">"Two-factor is on. Save these recovery codes somewhere safe — each works once, and they are shown only now."</p>
                            <ul class="codes" id="recovery-codes">{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                        }.into_any();
                    }
                    if enabled() {
                        return view! {
                            <p><span class="pill ok">"On"</span>" Sign-in asks for a code from your authenticator app."</p>
                            <ActionForm action=disable attr:class="form narrow">
                                <label>"Password to turn it off"<input name="password" type="password" autocomplete="current-password" required/></label>
                                <ErrorLine value=disable.value()/>
                                <button class="button ghost" type="submit" id="totp-disable">"Turn off two-factor"</button>
                            </ActionForm>
                        }.into_any();
                    }
                    match begin.value().get() {
                        Some(Ok(e)) => view! {
                            <p>"Scan this QR code with an authenticator app (Aegis, 2FAS, Google Authenticator, 1Password…), then enter the 6-digit code it shows."</p>
                            <div class="totp-enroll">
                                <img class="qr" alt="TOTP QR code" width="180" height="180" src=format!("data:image/png;base64,{}", e.qr_png_base64)/>
                                <div>
                                    <p class="muted small">"Or type this key:"</p>
                                    <code id="totp-secret" class="secret">{e.secret}</code>
                                    <ActionForm action=confirm attr:class="form narrow">
                                        <label>"Code"<input name="code" id="totp-confirm-code" inputmode="numeric" autocomplete="one-time-code" required/></label>
                                        <ErrorLine value=confirm.value()/>
                                        <button class="button" type="submit">"Turn on"</button>
                                    </ActionForm>
                                </div>
                            </div>
                        }.into_any(),
                        other => view! {
                            <p class="muted">"Protect your account with a code from an authenticator app in addition to your password."</p>
                            {matches!(other, Some(Err(_))).then(|| view! { <ErrorLine value=begin.value()/> })}
                            <button class="button" id="totp-begin" on:click=move |_| { begin.dispatch(TotpBegin {}); }>"Set up two-factor"</button>
                        }.into_any(),
                    }
                }}
            </Transition>
        </section>
    }
}

#[component]
fn SessionsCard() -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_others = ServerAction::<RevokeOtherSessions>::new();
    let sessions = Resource::new(
        move || (revoke.version().get(), revoke_others.version().get()),
        |_| list_sessions(),
    );
    view! {
        <section class="card" id="sessions">
            <h2>"Active sessions"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    sessions.await.map(|list| view! {
                        <table class="table">
                            <thead><tr><th>"Device"</th><th>"IP"</th><th>"Last seen"</th><th></th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| {
                                    let id = s.id.clone();
                                    view! {
                                        <tr>
                                            <td>{s.device}{s.current.then(|| view! { " " <span class="pill ok">"this device"</span> })}</td>
                                            <td><code>{s.ip}</code></td>
                                            <td>{ago(s.last_seen_at)}</td>
                                            <td class="actions">{(!s.current).then(|| view! {
                                                <button class="button ghost small" on:click=move |_| { revoke.dispatch(RevokeSession { id: id.clone() }); }>"Revoke"</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }).map_err(|e| e.to_string())
                })}
            </Transition>
            <div>
                <button class="button ghost" on:click=move |_| { revoke_others.dispatch(RevokeOtherSessions {}); }>"Sign out everywhere else"</button>
            </div>
        </section>
    }
}
