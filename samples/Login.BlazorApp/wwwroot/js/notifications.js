// One hub connection per tab, for as long as the tab shows a page of the logged-in user. It lives outside the
// interactive components, so it outlives a page change; pages that show notifications subscribe to it. The status
// line at the bottom says whether it is open: Login closes it when the tab's login ends, wherever that happens.
(() => {
    const subscribers = new Set();
    window.lanternNotifications = {
        /** Calls dotnet.invokeMethodAsync("Receive", text, sentAt) for each notification from now on. */
        subscribe(dotnet) { subscribers.add(dotnet); },
        unsubscribe(dotnet) { subscribers.delete(dotnet); },
    };

    const status = document.getElementById("hub-status");
    if (!status) {
        return; // rendered only for a logged-in visitor: nobody to notify
    }

    const show = (state, text) => {
        status.dataset.state = state;
        status.textContent = text;
    };

    const connection = new signalR.HubConnectionBuilder()
        .withUrl(status.dataset.hub)
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    connection.on("connected", email => show("connected", `Notifications: connected as ${email}`));
    connection.on("notify", notification => {
        for (const dotnet of subscribers) {
            // A page whose circuit has gone cannot take it: forget that page.
            dotnet.invokeMethodAsync("Receive", notification.text, notification.sentAt).catch(() => subscribers.delete(dotnet));
        }
    });
    // No automatic reconnect: after a logout the hub would refuse it anyway (it needs a login).
    connection.onclose(() => show("closed", "Notifications: disconnected"));

    connection.start().catch(() => show("closed", "Notifications: could not connect (log in again)"));
})();
