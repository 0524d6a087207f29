//! Answering a request of the demo a moment later, the way a cloud call takes a moment.

use crate::ports::Sink;

/// Answers a request after `seconds` (scaled by `speed`), as a service would; nothing once
/// the port was shut down (`sink` is `None`).
pub fn answer_later<T: Send + 'static>(
    sink: Option<Sink<T>>,
    seconds: f64,
    speed: f64,
    answer: impl FnOnce() -> T + Send + 'static,
) {
    let Some(sink) = sink else { return };
    let pause = std::time::Duration::from_secs_f64(seconds / speed.max(0.01));
    tokio::spawn(async move {
        tokio::time::sleep(pause).await;
        sink.send(answer()).await;
    });
}
