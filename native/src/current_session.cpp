#include "ijcl/current_session.hpp"
#include "ijcl/frame_stream.hpp"

#include <mutex>

#include "ijcl/errors.hpp"

namespace ijcl {
namespace {

std::mutex g_mutex;  // guards g_current and g_shut_down (the pointer, not the session)
bool g_shut_down = false;
// Deliberately never destroyed: a session destroyed by a static destructor would release its
// context after the driver (loaded after this library) was finalised.
std::shared_ptr<Session>& g_current = *new std::shared_ptr<Session>();

[[noreturn]] void fail_shut_down() {
    fail("", "", "ijcl has shut down: the program is exiting, so no further GPU work is started");
}

}  // namespace

std::shared_ptr<Session> current_session() {
    std::lock_guard<std::mutex> guard(g_mutex);
    if (g_shut_down) fail_shut_down();
    if (!g_current) g_current = std::make_shared<Session>("");
    return g_current;
}

std::shared_ptr<Session> replace_session(const std::string& device_name_substring) {
    {
        std::lock_guard<std::mutex> guard(g_mutex);
        if (g_shut_down) fail_shut_down();
    }
    auto fresh = std::make_shared<Session>(device_name_substring);
    std::shared_ptr<Session> old;
    {
        std::lock_guard<std::mutex> guard(g_mutex);
        if (g_shut_down) fail_shut_down();
        old = g_current;
        g_current = fresh;
    }
    // Drain the old queue before dropping this reference (another caller may still hold the old
    // session; the last holder's release then finds an empty queue, see ~Session).
    if (old) old->finish_quietly();
    return fresh;
}

void shutdown_sessions() {
    {
        std::lock_guard<std::mutex> guard(g_mutex);
        g_shut_down = true;
    }
    close_all_streams();  // their uploads end before the sessions drain and close
    Session::close_all();
}

std::string recover_if_device_lost() noexcept {
    try {
        std::shared_ptr<Session> lost;
        {
            std::lock_guard<std::mutex> guard(g_mutex);
            if (g_shut_down || !g_current) return "";
            lost = g_current;
        }
        if (lost->device_responds()) return "";
        const std::string name = lost->device_info().name;
        lost->close();
        std::string reopened;
        try {
            auto fresh = std::make_shared<Session>(name);
            std::lock_guard<std::mutex> guard(g_mutex);
            if (g_current == lost) g_current = fresh;
            reopened = "ijcl opened a new session on it";
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> guard(g_mutex);
            if (g_current == lost) g_current.reset();  // the next call opens the default device
            reopened = std::string("reopening it failed (") + e.what() + "), so the next call opens the default device";
        }
        return " The device '" + name + "' stopped responding: its driver reset it or lost the context (on "
               "Windows the display driver's watchdog, TDR, resets a GPU whose kernel runs longer than about "
               "2 s). " + reopened + "; the images that were on the GPU are gone: push them again.";
    } catch (...) {
        return "";
    }
}

bool sessions_shut_down() {
    std::lock_guard<std::mutex> guard(g_mutex);
    return g_shut_down;
}

}  // namespace ijcl
