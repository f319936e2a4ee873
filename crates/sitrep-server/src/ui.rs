//! The web app's files, embedded in the binary: one page, one script, one stylesheet and the
//! world map. The app routes with the URL fragment (`#/article/<id>`), so the server only
//! ever serves these files.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::AppState;

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
/// Land outlines as SVG path data (see `assets/world.LICENSE`).
const WORLD: &str = include_str!("../assets/world.svg");

/// The UI routes.
pub fn routes() -> Router<AppState> {
    let file = |body: &'static str, kind: &'static str| {
        get(move || async move {
            (
                [
                    (header::CONTENT_TYPE, kind),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
                .into_response()
        })
    };
    Router::new()
        .route("/", file(INDEX, "text/html; charset=utf-8"))
        .route(
            "/assets/app.js",
            file(APP_JS, "text/javascript; charset=utf-8"),
        )
        .route("/assets/app.css", file(APP_CSS, "text/css; charset=utf-8"))
        .route("/assets/world.svg", file(WORLD, "image/svg+xml"))
}
