//! How a worker reports: a [`Sink`] of the worker's own message type, handed to it by whoever
//! composes the workers. The worker never learns what the messages become on the other side
//! (the core's events, or plain lines of `ampdeck logs`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::mpsc;

type Sending<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

trait Deliver<T>: Send + Sync {
    fn deliver(&self, message: T) -> Sending<'_>;
    fn try_deliver(&self, message: T) -> bool;
}

/// Messages go into a bounded channel of `E`, each turned into an `E` by `From`.
struct Channel<E>(mpsc::Sender<E>);

impl<T: Send + 'static, E: From<T> + Send + 'static> Deliver<T> for Channel<E> {
    fn deliver(&self, message: T) -> Sending<'_> {
        let event = E::from(message);
        Box::pin(async move { self.0.send(event).await.is_ok() })
    }

    fn try_deliver(&self, message: T) -> bool {
        self.0.try_send(E::from(message)).is_ok()
    }
}

pub struct Sink<T>(Arc<dyn Deliver<T>>);

impl<T> Clone for Sink<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Send + 'static> Sink<T> {
    /// A sink into `tx`, converting each message with `From`.
    pub fn new<E: From<T> + Send + 'static>(tx: mpsc::Sender<E>) -> Self {
        Self(Arc::new(Channel(tx)))
    }

    /// A sink and the receiving end of its messages, as they are.
    pub fn channel(capacity: usize) -> (Self, mpsc::Receiver<T>) {
        let (tx, rx) = mpsc::channel(capacity);
        (Self::new(tx), rx)
    }

    /// Waits for room (the channel is bounded: a flood waits instead of growing memory);
    /// false once nobody listens any more.
    pub async fn send(&self, message: T) -> bool {
        self.0.deliver(message).await
    }

    /// Without waiting; false when full or closed.
    pub fn try_send(&self, message: T) -> bool {
        self.0.try_deliver(message)
    }
}
